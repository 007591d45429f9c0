# Unit tests of the secrets module (src/secrets/).
set(CCSYNC_UNIT_TEST_SOURCES ${CCSYNC_UNIT_TEST_SOURCES}
  unit/test_secrets.cpp
  unit/test_secrets_misses.cpp
  unit/test_secrets_redact.cpp
)
