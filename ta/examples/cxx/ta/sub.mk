global-incdirs-y += include
# C++ (compiled by the dev kit with g++) and a C file whose frame an exception crosses
srcs-y += cxx_ta.cpp
srcs-y += cxx_frames.c
cxxflags-cxx_ta.cpp-y += -Wextra
