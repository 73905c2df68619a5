# A bounded crash test of the server for every `make test`: 10 SIGKILLs of
# `mingjing serve` under API writes (the full one, 200: `make crashtest`).
exec bash "$(dirname "$0")/../crash/crashtest_serve.sh" 10
