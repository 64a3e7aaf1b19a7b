from laborfacts.cli import main

main()
