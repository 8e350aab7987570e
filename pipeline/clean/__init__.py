"""Cleaning an article: boilerplate out, paragraphs and sentences kept, offsets preserved."""
