"""Build the Iran cyberspace news dataset: seed texts to a linked SQLite database."""
