# Installs the build tree into WORK_DIR/prefix, builds tests/consumer against
# it with find_package(libscan), and runs it on a message.
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "install failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configure failed: ${rc}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "build failed: ${rc}")
endif()
file(WRITE ${WORK_DIR}/m.eml "From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <yamada@example-admin.com>\n"
     "To: t.tanaka@example-am.co.jp\nSubject: =?UTF-8?B?5bGx55Sw?=\n\nbody\n")
execute_process(COMMAND ${WORK_DIR}/build/consumer ${WORK_DIR}/m.eml ${WORK_DIR}/prefix/share/leakscan/rules
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(rc OR NOT out MATCHES "山田\nsha256 [0-9a-f]+\nP0001 3-1 山田 太郎 yamada@example-admin.com\nP0002 internal  t.tanaka@example-am.co.jp")
  message(FATAL_ERROR "consumer failed (${rc}): ${out}")
endif()
