# The two set-up commands a newcomer needs (see README.md):
#   make demo   builds Safeguard and runs the main job on the bundled examples
#   make serve  starts the workspace web app on http://127.0.0.1:8080/ with the examples loaded
#   make test   installs what the tests need (PostgreSQL included: a throwaway server on loopback) and runs them
.PHONY: demo test build serve

build:
	swift build -c release --product safeguard

demo: build
	./scripts/demo

test:
	./scripts/install-deps
	./scripts/with-test-postgres swift test

serve: build
	.build/release/safeguard serve
