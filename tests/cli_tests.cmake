# Tests of the report layer (doctest) and of the hotline-sim binary (run through ctest with
# cmake -P scripts in tests/cli/). Label: cli. Included by tests/CMakeLists.txt.

file(GLOB report_test_srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/cli/unit/*.cpp)
if(report_test_srcs)
  add_executable(test_report ${report_test_srcs})
  # SQLite: the sweep tests read the results database the way a user's query would; zstd:
  # the compressed-file tests decompress what they wrote.
  target_link_libraries(test_report PRIVATE hotline_test_main hotline_report
                                            nlohmann_json::nlohmann_json SQLite::SQLite3 fmt::fmt
                                            PkgConfig::ZSTD)
  add_test(NAME report COMMAND test_report WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(report PROPERTIES LABELS "cli;unit")
endif()

set(cli_dir ${CMAKE_CURRENT_SOURCE_DIR}/cli)
set(cli_out ${CMAKE_CURRENT_BINARY_DIR}/cli_out)
set(tiny ${PROJECT_SOURCE_DIR}/scenarios/tiny.yaml)

# hotline_cli_expect(NAME ARGS a|b|c CODE n [STDOUT regex] [STDERR regex])
# Runs hotline-sim with the '|'-separated ARGS and checks the exit code and output.
function(hotline_cli_expect name)
  cmake_parse_arguments(T "" "ARGS;CODE;STDOUT;STDERR" "" ${ARGN})
  add_test(NAME cli_${name}
           COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:hotline-sim> "-DARGS=${T_ARGS}"
                   -DCODE=${T_CODE} "-DSTDOUT_REGEX=${T_STDOUT}" "-DSTDERR_REGEX=${T_STDERR}"
                   -DWORKDIR=${cli_out}/${name} -P ${cli_dir}/expect.cmake)
  set_tests_properties(cli_${name} PROPERTIES LABELS cli)
endfunction()

# hotline_cli_outputs(NAME MODE outputs|determinism|seeds)
function(hotline_cli_outputs name mode)
  add_test(NAME cli_${name}
           COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:hotline-sim> -DSCENARIO=${tiny}
                   -DMODE=${mode} -DWORKDIR=${cli_out}/${name} -P ${cli_dir}/outputs.cmake)
  set_tests_properties(cli_${name} PROPERTIES LABELS cli)
endfunction()

hotline_cli_expect(help_mentions_example ARGS --help CODE 0 STDOUT "Example.*hotline-sim run")
hotline_cli_expect(run_help_mentions_example ARGS run|--help CODE 0
                   STDOUT "--seed.*--out.*--set.*Example")
hotline_cli_expect(validate_help_mentions_example ARGS validate|--help CODE 0 STDOUT "Example")
hotline_cli_expect(version ARGS --version CODE 0 STDOUT "hotline-sim ${PROJECT_VERSION}")
hotline_cli_expect(unknown_option_exits_2 ARGS run|--no-such-option CODE 2
                   STDERR "no-such-option")
hotline_cli_expect(missing_subcommand_exits_2 ARGS "" CODE 2 STDERR "subcommand")
hotline_cli_expect(bad_seed_exits_2 ARGS run|${tiny}|--seed|abc CODE 2 STDERR "seed")
hotline_cli_expect(negative_seed_exits_2 ARGS run|${tiny}|--seed|-1 CODE 2 STDERR "--seed")
hotline_cli_expect(run_default_scenario_from_any_directory
                   ARGS run|--quiet|--set|clock.horizon=2d|--out|o CODE 0)
hotline_cli_expect(run_bundled_name ARGS run|tiny|--out|o CODE 0
                   STDOUT "scenario tiny from the bundled tiny.yaml \\(compiled in\\).*o/summary.json.*o/manifest.json")
hotline_cli_expect(schema_is_printed ARGS schema CODE 0 STDOUT "json-schema.org")
hotline_cli_expect(validate_ok ARGS validate|${tiny} CODE 0
                   STDOUT "ok: [^ ]*tiny.yaml \\([0-9]+ units, [0-9]+ desks, 2 fraud types, 3 rules\\)")
hotline_cli_expect(validate_parts_names_what_joins_the_regions
                   ARGS validate|--parts|national|--patch|${cli_dir}/data/national_one_robot_pool.yaml
                   CODE 0
                   STDOUT "independent parts: 1 .*joined by: the robot pool \\(2 lines\\)")
hotline_cli_expect(validate_parts_national_splits_by_region ARGS validate|--parts|national CODE 0
                   STDOUT "independent parts: 31 ")
hotline_cli_expect(validate_bad_file_exits_2_with_location
                   ARGS validate|${tiny}|${cli_dir}/data/bad_probability.yaml CODE 2
                   STDOUT "ok: [^ ]*tiny.yaml"
                   STDERR "bad_probability.yaml:89:[0-9]+: error: [^ ]*answer_prob")
hotline_cli_expect(validate_missing_file_exits_2 ARGS validate|${cli_dir}/data/no-such.yaml
                   CODE 2 STDERR "no-such.yaml")
hotline_cli_expect(run_bad_set_exits_2 ARGS run|${tiny}|--quiet|--set|clock.horizon CODE 2
                   STDERR "--set")
hotline_cli_expect(run_bad_set_value_exits_2
                   ARGS run|${tiny}|--quiet|--set|clock.horizon=banana CODE 2
                   STDERR "error")
hotline_cli_expect(run_unwritable_out_exits_3_as_an_environment_error
                   ARGS run|${tiny}|--quiet|--out|${tiny}/out CODE 3
                   STDERR "hotline-sim: error: cannot create output directory")
hotline_cli_expect(list_scenarios ARGS list-scenarios CODE 0 STDOUT "tiny.yaml")

hotline_cli_outputs(run_writes_outputs outputs)
hotline_cli_outputs(run_is_deterministic determinism)
hotline_cli_outputs(run_seed_changes_alerts seeds)
hotline_cli_outputs(replicated_run_is_identical_for_1_2_4_threads threads)
# One replication of the national scenario, split into its 31 regions (issue 18, target 3).
add_test(NAME cli_split_run_is_identical_for_1_2_4_threads
         COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:hotline-sim> -DSCENARIO=national
                 -DMODE=split_threads -DWORKDIR=${cli_out}/split_threads -P ${cli_dir}/outputs.cmake)
set_tests_properties(cli_split_run_is_identical_for_1_2_4_threads PROPERTIES LABELS cli)
hotline_cli_expect(split_run_refuses_alerts_csv
                   ARGS run|national|--set|clock.horizon=2d|--alerts-csv|on|--out|o CODE 2
                   STDERR "--alerts-csv: error: the scenario runs split into 31 independent parts .*--set split=false")
hotline_cli_expect(split_run_refuses_trace
                   ARGS run|national|--set|clock.horizon=2d|--trace|--out|o CODE 2
                   STDERR "--trace: error: the scenario runs split into 31 independent parts")
hotline_cli_expect(unsplit_national_writes_alerts_csv
                   ARGS run|national|--set|clock.horizon=2d|--set|split=false|--out|o CODE 0
                   STDOUT "o/alerts.csv")
add_test(NAME cli_one_county_desk_by_set_and_by_patch_gives_identical_results
         COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:hotline-sim> -DSCENARIO=xizang
                 -DMODE=instance_set_vs_patch -DPATCH=${cli_dir}/data/chengguan_night.yaml
                 -DWORKDIR=${cli_out}/instance_set_vs_patch -P ${cli_dir}/outputs.cmake)
set_tests_properties(cli_one_county_desk_by_set_and_by_patch_gives_identical_results
                     PROPERTIES LABELS cli)
hotline_cli_expect(patch_error_is_located_in_the_patch
                   ARGS validate|xizang|--patch|${cli_dir}/data/bad_patch.yaml CODE 2
                   STDERR "bad_patch.yaml:5:23: error: unknown key 'headcout'.*did you mean 'headcount'")
hotline_cli_expect(bundled_language_patch_is_valid
                   ARGS validate|xizang|--patch|${PROJECT_SOURCE_DIR}/scenarios/patches/xizang-tibetan-speakers.yaml
                   CODE 0 STDOUT "ok: xizang")
hotline_cli_expect(roster_help_teaches_instances ARGS roster|--help CODE 0
                   STDOUT "desks.<unit>:<desk>")

hotline_cli_expect(run_reps_reports_ci ARGS run|${tiny}|--reps|4|--out|o CODE 0
                   STDOUT "4 replications.*mean ± half-width.*grade 1.*±")
hotline_cli_expect(run_reps_auto_says_how_many
                   ARGS run|${tiny}|--reps|auto|--precision|0.5|--max-reps|12|--out|o CODE 0
                   STDOUT "--reps auto: [0-9]+ replications (reached|did NOT reach)")
hotline_cli_expect(run_warmup_auto_explains_choice
                   ARGS run|${tiny}|--set|clock.horizon=6d|--warmup|auto|--reps|3|--out|o CODE 0
                   STDOUT "warm-up: MSER-5 over [0-9]+ hourly observations")
hotline_cli_expect(run_bad_reps_exits_2 ARGS run|${tiny}|--reps|zero CODE 2 STDERR "reps")
hotline_cli_expect(run_bad_warmup_exits_2 ARGS run|${tiny}|--warmup|soon|--quiet CODE 2
                   STDERR "error")
hotline_cli_expect(run_without_csvs ARGS run|${tiny}|--alerts-csv|off|--desks-csv|off|--out|o
                   CODE 0 STDOUT "o/summary.json")
# --alerts-csv zstd: the same rows as alerts.csv, compressed (cli/alerts_zstd.cmake).
add_test(NAME cli_run_alerts_zstd_holds_the_plain_rows
         COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:hotline-sim> -DSCENARIO=${tiny}
                 -DWORKDIR=${cli_out}/alerts_zstd -P ${cli_dir}/alerts_zstd.cmake)
set_tests_properties(cli_run_alerts_zstd_holds_the_plain_rows PROPERTIES LABELS cli)
# --alerts-columns compact: each row against the full file's, units.csv, zstd, the manifest.
add_test(NAME cli_run_alerts_compact_gives_back_the_full_rows
         COMMAND python3 ${cli_dir}/alerts_compact.py $<TARGET_FILE:hotline-sim>
                 ${cli_out}/alerts_compact)
set_tests_properties(cli_run_alerts_compact_gives_back_the_full_rows PROPERTIES LABELS cli)
hotline_cli_expect(run_bad_alerts_columns_exits_2 ARGS run|${tiny}|--alerts-columns|wide|--out|o
                   CODE 2 STDERR "--alerts-columns: wide not in \\{full,compact\\}")
hotline_cli_expect(run_compact_columns_without_the_file_exits_2
                   ARGS run|${tiny}|--alerts-columns|compact|--alerts-csv|off|--out|o CODE 2
                   STDERR "--alerts-columns.*--alerts-csv off does not write")
hotline_cli_expect(run_sharded_compact_columns_exits_2
                   ARGS run|${tiny}|--reps|4|--shard|1/2|--alerts-columns|compact|--out|o CODE 2
                   STDERR "--alerts-columns.*sharded run writes none")
# hotline-sim review of a hand-made exercise folder: whole, branched, refusals (cli/review.cmake).
add_test(NAME cli_review_of_an_exercise_folder
         COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:hotline-sim> -DSCENARIO=${tiny}
                 -DWORKDIR=${cli_out}/review -P ${cli_dir}/review.cmake)
set_tests_properties(cli_review_of_an_exercise_folder PROPERTIES LABELS cli)
hotline_cli_expect(review_help_teaches ARGS review|--help CODE 0
                   STDOUT "--branch-at.*standard rules.*Examples:.*hotline-sim review")
hotline_cli_expect(compare_prints_verdict
                   ARGS compare|${tiny}|--vs-set|desks.96110.roster.night.headcount=3|--reps|4|--label|+2-night-operators|--out|o
                   CODE 0 STDOUT "\\+2-night-operators: grade 1 reached within 10 min [0-9.]+% -> [0-9.]+% \\([-+][0-9.]+ ± [0-9.]+ points")
hotline_cli_expect(compare_needs_a_variant ARGS compare|${tiny}|--reps|3 CODE 2
                   STDERR "--vs")
hotline_cli_expect(compare_unknown_kpi_exits_2
                   ARGS compare|${tiny}|--vs-set|robot.lines=8|--reps|3|--kpi|nope|--out|o CODE 2
                   STDERR "unknown KPI")
hotline_cli_expect(run_skips_a_desks_csv_too_large_for_memory
                   ARGS run|tiny|--set|clock.horizon=60000d|--alerts-csv|off|--quiet|--out|o
                   CODE 0 STDERR "desks.csv skipped: 4 desks x 1440000 hours")

# Issue 17: your file is your file, output folders that never mix runs, clean interrupts,
# stdout write errors, Excel-ready CSVs, rounded console numbers, progress with the time
# left. One test per case of tests/cli/output_safety.py (python3), each in its own folder.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
execute_process(COMMAND ${Python3_EXECUTABLE} ${cli_dir}/output_safety.py --list
                OUTPUT_VARIABLE output_safety_cases OUTPUT_STRIP_TRAILING_WHITESPACE
                COMMAND_ERROR_IS_FATAL ANY)
foreach(case IN LISTS output_safety_cases)
  add_test(NAME cli_${case}
           COMMAND ${Python3_EXECUTABLE} ${cli_dir}/output_safety.py $<TARGET_FILE:hotline-sim>
                   ${cli_out}/${case} ${case})
  set_tests_properties(cli_${case} PROPERTIES LABELS cli TIMEOUT 300)
endforeach()
# Eight replications of a Xizang year: timing, not memory safety; too slow under ASan.
set_tests_properties(cli_progress_shows_time_left PROPERTIES LABELS "cli;nosan")
# Runs scripts/run-default on this build tree, which that script (re)configures as Release.
set_tests_properties(cli_run_default_keeps_results_alone_on_stdout PROPERTIES LABELS "cli;nosan")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${cli_dir}/output_safety.py)
# The JSON Schema against the loader, with a real validator (python3-jsonschema, draft 2020-12;
# scripts/deps.sh installs it): every scenario the loader accepts passes, every structurally
# invalid corpus file fails (tests/schema/check_schema.py).
add_test(NAME cli_schema_agrees_with_loader
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/schema/check_schema.py
                 $<TARGET_FILE:hotline-sim> ${PROJECT_SOURCE_DIR})
set_tests_properties(cli_schema_agrees_with_loader PROPERTIES LABELS cli)

# Inputs (issue 17): warnings and --strict, whole-scenario limits through compare --vs-set,
# --set locations, --kpi checked before any replication.
set(corpus ${PROJECT_SOURCE_DIR}/tests/scenarios)
hotline_cli_expect(validate_reports_a_warning_and_still_ok
                   ARGS validate|${corpus}/warnings/surge_after_run.yaml CODE 0
                   STDOUT "ok: .*surge_after_run.yaml \\(.*, 1 warning\\)"
                   STDERR "surge_after_run.yaml:51:29: warning: surge 'festival'")
hotline_cli_expect(validate_strict_turns_warnings_into_errors
                   ARGS validate|--strict|${corpus}/warnings/surge_after_run.yaml CODE 2
                   STDERR "surge_after_run.yaml:51:29: error: surge 'festival'.*--strict")
hotline_cli_expect(validate_empty_file_error_has_line_and_column
                   ARGS validate|${corpus}/invalid/syntax_empty_document.yaml CODE 2
                   STDERR "syntax_empty_document.yaml:1:1: error: the scenario is empty")
hotline_cli_expect(run_prints_warnings_even_when_quiet
                   ARGS run|${tiny}|--quiet|--set|clock.horizon=12h|--alerts-csv|off|--out|o
                   CODE 0 STDERR "tiny.yaml:105:[0-9]+: warning: surge 'evening promotion'")
hotline_cli_expect(compare_vs_set_huge_surge_multiplier_is_a_located_error
                   ARGS compare|${tiny}|--vs-set|surges.0.multiplier=1e308|--reps|3|--out|o
                   CODE 2 STDERR "--set:1:21: error: 'multiplier' must be in \\(0, 1000\\]")
hotline_cli_expect(compare_vs_set_over_the_total_rate_is_a_located_error
                   ARGS compare|${tiny}|--vs-set|fraud_types.brushing.rate_per_day=9000000|--reps|3|--out|o
                   CODE 2 STDERR "--set:1:[0-9]+: error: arrivals would reach 27,000,[0-9,]+ a day")
hotline_cli_expect(run_set_of_a_new_map_key_keeps_its_location
                   ARGS run|${tiny}|--quiet|--set|fraud_types.loan.where.nowhere=1|--out|o CODE 2
                   STDERR "^--set:1:24: error: unknown unit 'nowhere'")
# A year of xizang, 1,000 paired replications: it fails before the first, well within the timeout.
hotline_cli_expect(compare_unknown_kpi_fails_before_any_replication
                   ARGS compare|xizang|--set|clock.horizon=365d|--vs-set|robot.lines=8|--reps|1000|--kpi|grade1.sla_atainment|--out|o
                   CODE 2 STDERR "--kpi: error: unknown KPI 'grade1.sla_atainment' \\(did you mean 'grade1.sla_attainment'")
set_tests_properties(cli_compare_unknown_kpi_fails_before_any_replication PROPERTIES TIMEOUT 30)

# optimize (issue 13): end to end on a small scenario, the patch read back; errors fail fast.
set(opt_scenario ${PROJECT_SOURCE_DIR}/tests/scenarios/optimiser/one_desk.yaml)
add_test(NAME cli_optimize_end_to_end
         COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:hotline-sim> -DSCENARIO=${opt_scenario}
                 -DWORKDIR=${cli_out}/optimize_end_to_end -P ${cli_dir}/optimize.cmake)
set_tests_properties(cli_optimize_end_to_end PROPERTIES LABELS cli)
hotline_cli_expect(optimize_help_mentions_example ARGS optimize|--help CODE 0
                   STDOUT "--target.*--vary-roster.*--budget-reps.*Examples:.*hotline-sim optimize")
hotline_cli_expect(optimize_unknown_desk_kind_exits_2
                   ARGS optimize|${opt_scenario}|--vary-roster|nope|--target|grade1.reached_within_600s>=0.8
                   CODE 2 STDERR "--vary-roster: error: no desk kind 'nope' .*its desk kinds: line")
hotline_cli_expect(optimize_bad_headcount_exits_2
                   ARGS optimize|${opt_scenario}|--vary-roster|line|--target|grade1.reached_within_600s>=0.8|--headcount|5..2
                   CODE 2 STDERR "--headcount: error: expected MIN..MAX")

# sweep (issue 12): the plan, the table, located errors; the cache and resuming are tested on
# the library in tests/cli/unit/sweep_test.cpp.
hotline_cli_expect(sweep_help_mentions_example ARGS sweep|--help CODE 0
                   STDOUT "--vary.*--study.*--target.*--resume.*Examples:.*hotline-sim sweep")
hotline_cli_expect(sweep_prints_target_and_marginal_columns
                   ARGS sweep|tiny|--vary|night:desks.96110.roster.night.headcount=1..2|--set|clock.horizon=1d|--reps|3|--target|grade1.reached_within_600s>=0.5|--threads|2|--out|o
                   CODE 0
                   STDOUT "v1 +1 .*v2 +2 .*Target: grade 1 reached within 10 min ≥ 50.0%.*o/sweep.csv.*o/sweep.db")
hotline_cli_expect(sweep_study_file_runs_its_pruned_grid
                   ARGS sweep|--study|${cli_dir}/data/night_study.yaml|--out|o|--quiet CODE 0)
hotline_cli_expect(sweep_study_file_error_is_located
                   ARGS sweep|--study|${cli_dir}/data/bad_study.yaml CODE 2
                   STDERR "bad_study.yaml:3:1: error: unknown key 'factorz' in the study file \\(did you mean 'factors'\\?\\)")
hotline_cli_expect(sweep_without_factors_exits_2 ARGS sweep|tiny CODE 2 STDERR "nothing to vary")
hotline_cli_expect(sweep_bad_vary_exits_2 ARGS sweep|tiny|--vary|robot.lines CODE 2
                   STDERR "--vary:1:1: error: expected KEY=LIST")
hotline_cli_expect(sweep_unknown_target_kpi_exits_2
                   ARGS sweep|tiny|--vary|robot.lines=4,8|--target|grade1.reached>=0.9 CODE 2
                   STDERR "--target: error: unknown KPI 'grade1.reached'")
hotline_cli_expect(sweep_resume_with_nothing_to_resume_exits_2
                   ARGS sweep|tiny|--vary|robot.lines=4,8|--resume|--out|o CODE 2
                   STDERR "--resume: error: .*holds no sweep to resume")
hotline_cli_expect(sweep_same_key_twice_exits_2
                   ARGS sweep|tiny|--vary|robot.lines=4|--vary|robot.lines=8 CODE 2
                   STDERR "--vary: error: two --vary give 'robot.lines'")

# calibrate (issue 11): the bundled targets against xizang, its help, and located errors.
set(scenarios_dir ${PROJECT_SOURCE_DIR}/scenarios)
hotline_cli_expect(calibrate_help_shows_the_targets_format ARGS calibrate|--help CODE 0
                   STDOUT "period_start,period_end,unit,fraud_type,warned,lost.*Examples")
hotline_cli_expect(calibrate_xizang_prints_target_against_simulated
                   ARGS calibrate|xizang|--targets|${scenarios_dir}/xizang-targets.csv|--reps|3|--iterations|2|--out|o
                   CODE 0
                   STDOUT "Target against simulated.*拉萨市 \\(lhasa\\)[^\n]*warned +3,320 +[0-9.,]+ ± [0-9.,]+ +(yes|no) +weight.*Fitted parameters.*fraud_types.loan.would_pay.1.*o/patch.yaml.*o/patch.set")
hotline_cli_expect(calibrate_needs_targets ARGS calibrate|xizang CODE 2 STDERR "--targets")
hotline_cli_expect(calibrate_unknown_unit_is_located_with_a_suggestion
                   ARGS calibrate|xizang|--targets|${cli_dir}/data/calibration_bad_unit.csv|--out|o
                   CODE 2
                   STDERR "calibration_bad_unit.csv:3:23: error: unknown unit 'lasha'; did you mean 'lhasa'\\?")
hotline_cli_expect(calibrate_period_outside_the_clock_says_how_to_move_it
                   ARGS calibrate|xizang|--targets|${scenarios_dir}/xizang-feb2021-targets.csv|--out|o
                   CODE 2
                   STDERR "xizang-feb2021-targets.csv:7:1: error: the period 2021-02-01 .. 2021-02-15 is not inside the scenario's clock.*--set clock.start=2021-02-01T00:00")
hotline_cli_expect(calibrate_february_with_the_clock_moved
                   ARGS calibrate|xizang|--targets|${scenarios_dir}/xizang-feb2021-targets.csv|--set|clock.start=2021-02-01T00:00|--reps|4|--out|o
                   CODE 0 STDOUT "2021-02-01 .. 2021-02-15 +西藏自治区 \\(xz\\)[^\n]*warned +546")

# report.html in a real browser (tests/browser/report_test.js): Debian's chromium driven by
# playwright-core from npm (tests/browser/package-lock.json; scripts/test runs `npm ci` there
# when node_modules is missing). It fails, never skips, when node, chromium or the packages
# are missing. Screenshots stay in ${CMAKE_CURRENT_BINARY_DIR}/browser_out.
find_program(HOTLINE_NODE node)
if(NOT HOTLINE_NODE)
  set(HOTLINE_NODE node-not-found-install-nodejs)  # ctest reports the test as failed
endif()
add_test(NAME browser_report
         COMMAND ${HOTLINE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/browser/report_test.js
                 $<TARGET_FILE:hotline-sim> ${CMAKE_CURRENT_BINARY_DIR}/browser_out)
set_tests_properties(browser_report PROPERTIES LABELS "browser;cli" TIMEOUT 300)
# The training console in a real browser (tests/browser/console_test.js): serve on a free
# loopback port, a trainer's and two trainees' pages play an exercise; the pages' queues and
# KPIs against the server's snapshot. Screenshots stay in ${CMAKE_CURRENT_BINARY_DIR}/console_out.
add_test(NAME browser_console
         COMMAND ${HOTLINE_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/browser/console_test.js
                 $<TARGET_FILE:hotline-sim> ${CMAKE_CURRENT_BINARY_DIR}/console_out)
set_tests_properties(browser_console PROPERTIES LABELS "browser;cli" TIMEOUT 300)
