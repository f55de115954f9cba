"""The runtime that spl2py-generated Python imports. It never imports spl2py, and never torch eagerly."""
