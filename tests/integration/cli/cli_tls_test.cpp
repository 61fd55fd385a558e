// wsclient-cli over wss:// with the throwaway test PKI: --ca, the system trust store alone
// (which does not know the test CA), another CA, --insecure.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "cli_process.hpp"
#include "demo_server_process.hpp"
#include "test_pki.hpp"

namespace wsclient::test {
namespace {

class CliTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_EQ(shared_pki().error, ""); }

  demo_server_process server{
      std::vector<std::string>{"--tls-cert", shared_pki().cert, "--tls-key", shared_pki().key}};
};

TEST_F(CliTls, TrustedThroughCaFile) {
  cli_process cli(
      {"--ca", shared_pki().ca, "--send", "secure", "--count", "1", server.ws_url("/echo")});
  EXPECT_EQ(cli.read_line(), "secure") << cli.stderr_text();
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
  EXPECT_NE(cli.stderr_text().find("connected to wss://"), std::string::npos);
}

TEST_F(CliTls, UnknownCaIsFatalWithAVerificationReason) {
  cli_process cli({"--send", "secure", "--count", "1", server.ws_url("/echo")});
  EXPECT_EQ(cli.wait_exit(), 1);
  EXPECT_TRUE(cli.rest_of_stdout().empty());
  const auto err = cli.stderr_lines();
  ASSERT_EQ(err.size(), 1U) << cli.stderr_text();
  EXPECT_NE(err[0].find("TLS certificate verification failed"), std::string::npos) << err[0];
}

TEST_F(CliTls, AnotherCaDoesNotVerifyEither) {
  cli_process cli({"--ca", shared_pki().other_ca, server.ws_url("/echo")});
  EXPECT_EQ(cli.wait_exit(), 1);
  EXPECT_NE(cli.stderr_text().find("TLS certificate verification failed"), std::string::npos)
      << cli.stderr_text();
}

// Found while parsing the command line, before any connection attempt (issue 8).
TEST_F(CliTls, MissingCaFileIsAUsageError) {
  cli_process cli({"--ca", shared_pki().dir.string() + "/no-such-ca.pem", server.ws_url("/echo")});
  EXPECT_EQ(cli.wait_exit(), 2);
  EXPECT_NE(cli.stderr_text().find("no-such-ca.pem"), std::string::npos) << cli.stderr_text();
}

// Readable but not a certificate: refused by connect() before any attempt, with the library's
// reason.
TEST_F(CliTls, CaFileThatIsNotPemIsAUsageError) {
  const auto path = shared_pki().dir.string() + "/cli-not-pem.pem";
  std::ofstream(path) << "not a certificate\n";
  cli_process cli({"--ca", path, server.ws_url("/echo")});
  EXPECT_EQ(cli.wait_exit(), 2);
  EXPECT_NE(cli.stderr_text().find("cannot load CA file " + path), std::string::npos)
      << cli.stderr_text();
}

TEST_F(CliTls, InsecureSkipsVerification) {
  cli_process cli({"--insecure", "--send", "anyway", "--count", "1", server.ws_url("/echo")});
  EXPECT_EQ(cli.read_line(), "anyway") << cli.stderr_text();
  EXPECT_EQ(cli.wait_exit(), 0) << cli.stderr_text();
}

}  // namespace
}  // namespace wsclient::test
