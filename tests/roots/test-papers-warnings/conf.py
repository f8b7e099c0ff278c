extensions = ["sphinx_papers"]
papers_sources = ["broken.txt", "one.bib", "two.bib", "missing.txt"]
papers_abstract = "sometimes"
