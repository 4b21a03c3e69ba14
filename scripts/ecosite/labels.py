"""Presentation for the data's codes that is not data: the status colours.

The codes' words in both languages are in the schemas (`categories` of each enum field; see vocab.py), read
into the model; nothing here names a code in words.
"""

# Colours chosen for contrast on white and dark backgrounds, and told apart without colour by the labels.
STATUS_COLOURS = {"exceeded": "#1a7f37", "on_track": "#0969da", "accelerate": "#bf8700", "adjust": "#cf222e"}
