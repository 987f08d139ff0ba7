"""Reading facts from an agreement's text."""
