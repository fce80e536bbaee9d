"""What the assistant keeps, and for how long."""
