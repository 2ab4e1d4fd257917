"""Search: the language word lists (lexicon), the index built from the records, and the
parser that turns a user's text into a Query against that index.

No re-exports here: ``knowledge.text`` imports the lexicon, and the index imports
``knowledge.text``, so this package's ``__init__`` stays empty of imports.
"""
