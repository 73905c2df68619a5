# A bounded crash test for every `make test` (the full one: `make crashtest`).
exec bash "$(dirname "$0")/../crash/crashtest.sh" 25
