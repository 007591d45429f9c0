# End-to-end tests of the paths module (owned by the paths work).
ccsync_add_e2e(paths_conformance)
