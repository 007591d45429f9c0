# Unit tests of the paths module (src/paths/).
set(CCSYNC_UNIT_TEST_SOURCES ${CCSYNC_UNIT_TEST_SOURCES}
  unit/test_paths_placeholders.cpp
  unit/test_paths_project_dir.cpp
  unit/test_paths_roundtrip.cpp
  unit/test_paths_token.cpp
)
# The round-trip tests read their transcripts from the source tree.
set_source_files_properties(unit/test_paths_roundtrip.cpp PROPERTIES COMPILE_DEFINITIONS
  "CCSYNC_PATHS_FIXTURE_DIR=\"${CMAKE_CURRENT_SOURCE_DIR}/fixtures/paths\"")
