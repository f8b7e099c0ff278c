extensions = ["sphinx_papers"]
papers_sources = ["publications.txt"]
papers_highlight = ["Ameet Talwalkar"]
