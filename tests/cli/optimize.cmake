# `hotline-sim optimize` end to end on a small scenario (issue 13): it publishes the roster as
# a patch with optimise.json, optimise.csv and report.html; the patch reads back exactly
# (`roster --patch` prints the same rosters) and `run --patch` runs it.
file(REMOVE_RECURSE ${WORKDIR})
file(MAKE_DIRECTORY ${WORKDIR})

function(run_ok)
  execute_process(COMMAND ${EXE} ${ARGN} WORKING_DIRECTORY ${WORKDIR}
                  RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${EXE} ${ARGN}: exit ${code}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run_ok(optimize ${SCENARIO} --vary-roster line --headcount 0..6 --sample-reps 4 --fresh-reps 4
       --target "grade1.reached_within(10min) >= 0.8 per shift" --threads 2 --out opt)
if(NOT out MATCHES "Erlang A.*recommended.*meets every target.*Integer program: bound.*gap.*Replications: [0-9]+ simulated")
  message(FATAL_ERROR "the console does not show the roster, statement, gap and counts:\n${out}")
endif()
foreach(f roster.yaml optimise.json optimise.csv report.html sweep.db manifest.json)
  if(NOT EXISTS ${WORKDIR}/opt/${f})
    message(FATAL_ERROR "optimize did not publish ${f}")
  endif()
endforeach()
file(READ ${WORKDIR}/opt/optimise.json json)
string(JSON found GET "${json}" found)
string(JSON simulated GET "${json}" replications simulated)
if(NOT found OR simulated LESS 1)
  message(FATAL_ERROR "optimise.json: found=${found}, simulated=${simulated}")
endif()
file(READ ${WORKDIR}/opt/report.html html)
if(NOT html MATCHES "Recommended roster.*Search path")
  message(FATAL_ERROR "report.html lacks the recommendation or the search path")
endif()

# The patch reads back exactly: the scenario with the patch has the patch's rosters.
file(READ ${WORKDIR}/opt/roster.yaml patch)
run_ok(roster ${SCENARIO} --patch opt/roster.yaml)
string(FIND "${patch}" "${out}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "roster --patch roster.yaml does not give the patch back:\n${out}\n---\n${patch}")
endif()
string(JSON night GET "${json}" recommended sample roster line/night)
if(NOT patch MATCHES "name: \"night\"[^-]*headcount: ${night}")
  message(FATAL_ERROR "roster.yaml does not hold the recommended night headcount ${night}")
endif()
run_ok(run ${SCENARIO} --patch opt/roster.yaml --quiet --out run)

# A reach time the scenario does not count is refused before anything runs, with the fix.
execute_process(COMMAND ${EXE} optimize ${SCENARIO} --vary-roster line --out bad
                        --target "grade1.reached_within(5min) >= 0.8"
                WORKING_DIRECTORY ${WORKDIR} RESULT_VARIABLE code ERROR_VARIABLE err)
if(NOT code EQUAL 2 OR NOT err MATCHES "--target: error: .*not 300s: use grade1.reached_within\\(600s\\)")
  message(FATAL_ERROR "a wrong reach time: exit ${code}\n${err}")
endif()
if(EXISTS ${WORKDIR}/bad)
  message(FATAL_ERROR "a refused optimize created its output folder")
endif()
file(REMOVE_RECURSE ${WORKDIR})
