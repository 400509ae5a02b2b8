"""clio-prep: prepare a law firm's exports for migration into Clio Manage."""

__version__ = "0.1.0"
