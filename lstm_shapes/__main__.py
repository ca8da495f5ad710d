from lstm_shapes.cli.console import main

main()
