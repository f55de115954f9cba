from spl2py.main import console

console()
