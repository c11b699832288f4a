"""Slack: okrbot as a Slack app on slack-bolt (HTTP at `/slack/events`, or Socket Mode).

The adapter only translates: Slack requests become calls of `bot.dispatch`, and the
`Reply` that comes back becomes Block Kit sent through the Web API."""
