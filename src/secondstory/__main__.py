from secondstory.cli import main

main()
