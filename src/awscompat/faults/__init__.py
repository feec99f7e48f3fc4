"""Fault injection for `awscompat run --fault` (DESIGN 4: a provider can never stall or steer a run):
faults/proxy.py (the reverse proxy; the grammar is in its docstring), faults/spec.py (parsing
--fault specs) and faults/httpframe.py (the HTTP/1.1 framing and canned AWS errors it relays).
Run it alone: `python -m awscompat.faults.proxy URL --fault reset=0.1`."""
