"""Choosing, ordering and formatting papers for lists and citations (no docutils, no Sphinx).

Selection by directive options and the ``:filter:`` language
(:mod:`.selection`, :mod:`.filter_lang`), ordering and grouping
(:mod:`.ordering`), kinds of publication (:mod:`.paper_types`), and the plain
text of labels and references (:mod:`.formatting`).
"""
