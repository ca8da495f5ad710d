from lstm_shapes.cli.app import main

main()
