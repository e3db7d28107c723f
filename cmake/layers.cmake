# Layer targets and the dependency rule.
#
# Every layer keeps its headers next to its sources and is included as
# "<layer>/file.hpp". A target does not get the repository root on its include
# path; it gets a directory of its own that holds one link to its layer. So a
# layer can include only the layers it links: domain/ cannot even name an
# adapter header, and the linker catches the rest.

add_library(llmgw_warnings INTERFACE)
target_compile_options(llmgw_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wno-missing-field-initializers  # designated initializers leave the rest defaulted on purpose
  -Wno-mismatched-new-delete)      # GCC 12 false positive on Asio coroutine frames (aligned_alloc + sized delete)

add_library(llmgw_sanitize INTERFACE)
if(LLMGW_SANITIZE)
  string(REPLACE ";" "," _llmgw_sanitizers "${LLMGW_SANITIZE}")
  # A report ends the process (and so fails its test) instead of scrolling by.
  target_compile_options(llmgw_sanitize INTERFACE -fsanitize=${_llmgw_sanitizers} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  target_link_options(llmgw_sanitize INTERFACE -fsanitize=${_llmgw_sanitizers})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND "undefined" IN_LIST LLMGW_SANITIZE)
    # Clang 14 cannot emit coroutines under -fsanitize=function ("Cannot
    # represent a difference across sections"); the rest of UBSan stays on.
    target_compile_options(llmgw_sanitize INTERFACE -fno-sanitize=function)
  endif()
endif()

# llmgw_layer_includes(<target> <scope> <path-under-root> [<include-name>])
# Exposes ${CMAKE_SOURCE_DIR}/<path> to <target> as "<include-name>/..."
# (default: the path itself).
function(llmgw_layer_includes target scope path)
  set(name ${path})
  if(ARGC GREATER 3)
    set(name ${ARGV3})
  endif()
  string(MAKE_C_IDENTIFIER "${target}" dir_name)
  set(root ${CMAKE_BINARY_DIR}/layer_includes/${dir_name})
  get_filename_component(link_parent ${root}/${name} DIRECTORY)
  file(MAKE_DIRECTORY ${link_parent})
  if(NOT EXISTS ${root}/${name})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${path} ${root}/${name} SYMBOLIC)
  endif()
  target_include_directories(${target} ${scope} ${root})
endfunction()
