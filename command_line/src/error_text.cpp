#include "error_text.hpp"

namespace wsclient::command_line {

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      c = '?';
    }
  }
  return out;
}

std::string quote(std::string_view text) {
  return "\"" + one_line(text) + "\"";
}

std::string value_is_an_option(std::string_view arg) {
  return "needs a value, but got the option " + quote(arg.substr(0, arg.find('=')));
}

}  // namespace wsclient::command_line
