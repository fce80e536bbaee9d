"""Input channels: what the visitor's messages go through before the assistant reads them."""
