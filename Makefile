# The two set-up commands a newcomer needs (see README.md):
#   make demo   builds Safeguard and runs the main job on the bundled examples
#   make serve  starts the workspace web app on http://127.0.0.1:8080/ with the examples loaded
#   make test   installs what the tests need (PostgreSQL included: a throwaway server on loopback), checks the
#               codebase's size rules (make lint) and runs the tests
.PHONY: demo test build serve lint

build:
	swift build -c release --product safeguard

demo: build
	./scripts/demo

lint:
	python3 scripts/lint

test:
	./scripts/install-deps
	python3 scripts/lint
	./scripts/with-test-postgres swift test

serve: build
	.build/release/safeguard serve
