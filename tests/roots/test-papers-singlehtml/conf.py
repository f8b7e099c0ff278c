extensions = ["sphinx_papers"]
papers_sources = ["publications.txt"]
