"""The public set-up of the site: Datasette behind nginx."""
