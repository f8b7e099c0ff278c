"""The ``sphinx-papers`` command: reading inputs, converting, writing output (:mod:`.main`)."""
