from spl2py.cli import app

app(prog_name="spl2py")
