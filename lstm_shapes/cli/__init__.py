"""The command line: options declared once (options), flags into one checked request (flags),
each command's call (run), and the one output and exit funnel (output). The app is `cli.app`."""
