"""The command line: every flag declared once (flags), flags into one checked request (requests),
each command's call and the format dispatch (actions), and the one output and exit funnel (output).
The app is `cli.app`."""
