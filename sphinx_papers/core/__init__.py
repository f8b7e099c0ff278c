"""The paper model and what is true of papers whatever their source or destination.

:mod:`.model` (the :class:`~.model.Paper` record and :class:`~.model.Problem`),
arXiv identifiers (:mod:`.arxiv_ids`), names (:mod:`.names`), links
(:mod:`.links`), TeX to display text (:mod:`.latex_text`), and when two
records are one paper and how they merge (:mod:`.identity`).  This layer
imports nothing else of the package.
"""
