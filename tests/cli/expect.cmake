# Runs EXE with ARGS ('|'-separated) in WORKDIR and checks the exit code (CODE) and, when
# given, that stdout matches STDOUT_REGEX and stderr matches STDERR_REGEX.
file(REMOVE_RECURSE ${WORKDIR})
file(MAKE_DIRECTORY ${WORKDIR})
string(REPLACE "|" ";" args "${ARGS}")
execute_process(COMMAND ${EXE} ${args} WORKING_DIRECTORY ${WORKDIR}
                RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(report "command: ${EXE} ${args}\nexit code: ${code}\n--- stdout ---\n${out}\n--- stderr ---\n${err}")
if(NOT "${code}" STREQUAL "${CODE}")
  message(FATAL_ERROR "expected exit code ${CODE}\n${report}")
endif()
# CMake regexes have no (?s); '.' matches newlines already, so patterns may span lines.
if(NOT "${STDOUT_REGEX}" STREQUAL "" AND NOT out MATCHES "${STDOUT_REGEX}")
  message(FATAL_ERROR "stdout does not match '${STDOUT_REGEX}'\n${report}")
endif()
if(NOT "${STDERR_REGEX}" STREQUAL "" AND NOT err MATCHES "${STDERR_REGEX}")
  message(FATAL_ERROR "stderr does not match '${STDERR_REGEX}'\n${report}")
endif()
file(REMOVE_RECURSE ${WORKDIR})
