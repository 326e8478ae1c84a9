#pragma once
#include <vector>

namespace CLI {
class App;
}

namespace vitrine::cli {

class Args;

// One option of a command. `names` holds the long name and any aliases without dashes
// ("triples,train-triples"). `value` is the placeholder shown in --help ("N", "FILE"); nullptr
// makes a flag; a value in brackets ("[FILE]") may be omitted on the command line.
struct OptionSpec {
  const char* names;
  const char* value;
  const char* help;
  bool required = false;
};

// One command: its words ("import", "study create"), one line for `vitrine-cli help`, the
// function that runs it, and every option it accepts. `vitrine-cli COMMAND --help` is generated
// from `options`, and Args refuses to read an option not listed here.
struct CommandSpec {
  const char* words;
  const char* summary;
  int (*run)(const Args&);
  std::vector<OptionSpec> options;
};

const std::vector<CommandSpec>& commandTable();

// The whole command line as a CLI11 app with one subcommand per table entry; each subcommand
// is mapped back to its CommandSpec through its group-free `CLI::App*` (see run()).
void buildApp(CLI::App& app, std::vector<std::pair<const CLI::App*, const CommandSpec*>>& commands);

}  // namespace vitrine::cli
