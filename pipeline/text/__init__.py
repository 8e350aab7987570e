"""Text grammar every stage shares: sentences, numbers, dates and calendar words, text tables."""
