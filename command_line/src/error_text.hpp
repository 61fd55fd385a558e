// Error messages about a command line stay on one line whatever the user typed, so that a
// script reading the first line of stderr gets the whole message.
#pragma once

#include <string>
#include <string_view>

namespace wsclient::command_line {

/// text with every control character (a line break, a tab, DEL...) replaced by '?'.
std::string one_line(std::string_view text);

/// A value the user gave, for a message: in double quotes, on one line ("8?0" for "8\n0").
std::string quote(std::string_view text);

/// What is wrong when an option's value is another option, arg ("--port" or "--port=1"):
/// "needs a value, but got the option \"--port\"".
std::string value_is_an_option(std::string_view arg);

}  // namespace wsclient::command_line
