from spl2py.main import main

main()
