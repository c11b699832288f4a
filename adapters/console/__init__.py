"""The local console: the bot in a terminal, with no chat account (for trying it and the demo)."""
