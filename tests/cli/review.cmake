# hotline-sim review on a hand-made exercise folder of SCENARIO (its log names the scenario by
# path and SHA-256, as a served exercise's does): the review of the whole exercise, a branch,
# and the refusals (another scenario, a time after the end, a folder without a log).
file(REMOVE_RECURSE ${WORKDIR})
file(MAKE_DIRECTORY ${WORKDIR}/exercise-1)
file(SHA256 ${SCENARIO} sha)
# A trainee holds desk 0 (the 96110 desk at the root) for six simulated hours and decides nothing.
file(WRITE ${WORKDIR}/exercise-1/exercise-log.json "{
 \"format\": \"hotline-sim exercise log\", \"version\": 1,
 \"scenario\": {\"source\": \"${SCENARIO}\", \"name\": \"tiny\", \"sha256\": \"${sha}\"},
 \"seed\": 1, \"replication\": 0, \"takeover_ms\": 0,
 \"entries\": [{\"t_ms\": 0, \"kind\": \"take\", \"by\": \"trainee:li\", \"desk\": 0}],
 \"end_ms\": 21600000,
 \"pacing\": [[1000, 0.02], [2000, 0.4]]
}
")

function(run expected_code)
  execute_process(COMMAND ${EXE} ${ARGN} WORKING_DIRECTORY ${WORKDIR}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT "${code}" STREQUAL "${expected_code}")
    message(FATAL_ERROR "${EXE} ${ARGN}: exit ${code}, expected ${expected_code}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

run(0 review exercise-1 --out whole)
if(NOT out MATCHES "reviewed tiny to .* alerts differ.*trainees scored: 1.*whole/review.json")
  message(FATAL_ERROR "unexpected summary:\n${out}")
endif()
foreach(f review.json review.html manifest.json)
  if(NOT EXISTS ${WORKDIR}/whole/${f})
    message(FATAL_ERROR "review did not write ${f}")
  endif()
endforeach()
file(READ ${WORKDIR}/whole/review.json json)
string(JSON kind GET "${json}" counterfactual kind)
string(JSON identical GET "${json}" alert_stream identical)
string(JSON trainee GET "${json}" trainees 0 name)
if(NOT kind STREQUAL "standard_rules_throughout" OR NOT identical STREQUAL "ON" OR
   NOT trainee STREQUAL "li")
  message(FATAL_ERROR "review.json: counterfactual ${kind}, identical ${identical}, ${trainee}")
endif()

# The same review again: the same bytes.
run(0 review exercise-1/exercise-log.json --out again)
file(READ ${WORKDIR}/again/review.json json2)
if(NOT json STREQUAL json2)
  message(FATAL_ERROR "two reviews of one log differ")
endif()

run(0 review exercise-1 --branch-at 03:00 --out branch)
file(READ ${WORKDIR}/branch/review.json json)
string(JSON at GET "${json}" counterfactual branch_at_ms)
if(NOT at STREQUAL "10800000")
  message(FATAL_ERROR "--branch-at 03:00 gave branch_at_ms ${at}")
endif()
run(0 review exercise-1 --branch-at 5400 --out seconds)
file(READ ${WORKDIR}/seconds/review.json json)
string(JSON at GET "${json}" counterfactual branch_at_ms)
if(NOT at STREQUAL "5400000")
  message(FATAL_ERROR "--branch-at 5400 gave branch_at_ms ${at}")
endif()

run(2 review exercise-1 --branch-at 7:00 --out late)
if(NOT err MATCHES "after the exercise ended")
  message(FATAL_ERROR "a branch after the end: ${err}")
endif()
run(2 review exercise-1 --branch-at half-past --out bad)
if(NOT err MATCHES "HH:MM")
  message(FATAL_ERROR "a bad --branch-at: ${err}")
endif()
run(2 review exercise-1 --scenario bundled:xizang --out wrong)
if(NOT err MATCHES "not the one the exercise ran")
  message(FATAL_ERROR "another scenario: ${err}")
endif()
run(2 review no-such-folder --out none)
if(NOT err MATCHES "cannot read the exercise log")
  message(FATAL_ERROR "no log: ${err}")
endif()
file(REMOVE_RECURSE ${WORKDIR})
