// Reads a mailbox through the installed libscan: prints each subject, then
// scans it with the installed rules and a case built in code (no case
// file), and prints the persons with their categories.
#include <libscan/case.h>
#include <libscan/decoder.h>
#include <libscan/mailbox.h>
#include <libscan/scanner.h>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  std::string rules = argv[2];
  leakscan::CaseDefinition definition;
  definition.name = "consumer";
  definition.internal_domains = {"example-am.co.jp"};
  definition.lists = leakscan::CaseLists::load(rules + "/lists");
  leakscan::Category admins{"3-1", "administrators", false, {}};
  admins.match.domains.push_back({"example-admin.com", "domains"});
  definition.categories.push_back(admins);
  definition.categories.push_back({"3-5", "other", true, {}});
  leakscan::Scanner scanner(leakscan::RuleSet::load_directory(rules), std::move(definition));
  leakscan::Scan scan(scanner);

  leakscan::MessageDecoder decoder;
  auto reader = leakscan::open_reader({argv[1]}, 0, {});
  leakscan::RawMessage raw;
  std::vector<leakscan::Finding> findings;
  while (reader->next(raw)) {
    leakscan::Message m = decoder.decode(raw);
    std::printf("%s\n", m.envelope.subject.c_str());
    scan.add(m, findings);
  }
  std::printf("sha256 %s\n", reader->record().sha256.c_str());
  leakscan::ScanResult result = scan.finish();
  for (const leakscan::Person& p : result.persons) {
    std::printf("%s %s %s %s\n", p.id.c_str(), p.category.c_str(), p.name.c_str(),
                p.emails.empty() ? "" : p.emails.front().c_str());
  }
  return 0;
}
