"""The warm server, in a room of its own above the command line.

`entry.main` is the console script: it asks this environment's server first (`client`,
standard library only) and falls back to the cli's app in this process. The server
(`server`, the daemon; `commands`, its start/stop/status) hands each request to a warm
`worker`, which runs the cli's app. All of them speak through `framing` (one JSON document
per line), find each other through `place` and agree on a request's shape in `protocol`.
The cli imports nothing from here.
"""
