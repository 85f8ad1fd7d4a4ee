// Interop peer for kraken-fix: a small QuickFIX C++ acceptor that plays a Kraken gateway.
//
// - Loads the dictionary named by DataDictionary= in the settings (our dictionaries/kraken-fix44.xml), which
//   also proves that QuickFIX accepts that file.
// - Answers every NewOrderSingle (35=D) with one ExecutionReport: a complete fill at the order's price.
//   Other application messages get QuickFIX's BusinessMessageReject (unsupported message type).
// - Plain TCP, or TLS when the settings name ServerCertificateFile (ThreadedSSLSocketAcceptor).
// - Optional Kraken logon check: with KrakenApiSecret= (base64) in a session's settings, a Logon must carry
//   553 = KrakenApiKey (when set), 5025 = nonce and 554 = base64(HMAC-SHA512(base64decode(secret),
//   SHA256("35=A\x0134=<seq>\x0149=<sender>\x0156=<target>\x01553=<key>\x01" + nonce))), else it is refused —
//   an independent (OpenSSL) check of our signer.
// - Prints one line per event on stdout, flushed, for the test driving it:
//     READY pid=<pid> port=<port> tls=<Y|N>   LOGON <session>   LOGOUT <session>   EXEC <ClOrdID>[ possdup]   STOPPED
//   and stops cleanly on SIGTERM/SIGINT.
//
// Usage: acceptor <settings file>

#include "quickfix/Application.h"
#include "quickfix/FileLog.h"
#include "quickfix/FileStore.h"
#include "quickfix/Session.h"
#include "quickfix/SessionSettings.h"
#include "quickfix/SocketAcceptor.h"
#include "quickfix/ThreadedSSLSocketAcceptor.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <unistd.h>

namespace {

std::atomic<bool> stopRequested(false);
std::mutex outputMutex;

void onSignal(int) { stopRequested = true; }

void say(const std::string& line) {
  std::lock_guard<std::mutex> lock(outputMutex);
  std::cout << line << std::endl;  // endl flushes: the driving test reads line by line
}

std::string base64Encode(const unsigned char* data, size_t length) {
  std::string out(4 * ((length + 2) / 3), '\0');
  int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(&out[0]), data, static_cast<int>(length));
  out.resize(written);
  return out;
}

bool base64Decode(const std::string& text, std::string& out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  out.assign(3 * text.size() / 4, '\0');
  int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(&out[0]),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (written < 0) return false;
  size_t padding = (text[text.size() - 1] == '=') + (text[text.size() - 2] == '=');
  out.resize(written - padding);
  return true;
}

std::string krakenSignature(const std::string& secretBase64, const std::string& seq, const std::string& sender,
                            const std::string& target, const std::string& apiKey, const std::string& nonce) {
  std::string key;
  if (!base64Decode(secretBase64, key)) return "";
  const std::string input = "35=A\x01" "34=" + seq + "\x01" "49=" + sender + "\x01" "56=" + target + "\x01" "553=" +
                            apiKey + "\x01" + nonce;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int macLength = 0;
  HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()), digest, sizeof digest, mac, &macLength);
  return base64Encode(mac, macLength);
}

class Gateway : public FIX::Application {
 public:
  explicit Gateway(const FIX::SessionSettings& settings) : m_settings(settings) {}

  void onCreate(const FIX::SessionID&) override {}
  void onLogon(const FIX::SessionID& id) override { say("LOGON " + id.toString()); }
  void onLogout(const FIX::SessionID& id) override { say("LOGOUT " + id.toString()); }
  void toAdmin(FIX::Message&, const FIX::SessionID&) override {}
  void toApp(FIX::Message&, const FIX::SessionID&) throw(FIX::DoNotSend) override {}

  void fromAdmin(const FIX::Message& message, const FIX::SessionID& id)
      throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) override {
    if (message.getHeader().getField(FIX::FIELD::MsgType) != "A") return;
    const FIX::Dictionary& session = m_settings.get(id);
    if (!session.has("KrakenApiSecret")) return;
    const std::string key = field(message, 553);
    const std::string nonce = field(message, 5025);
    const std::string password = field(message, 554);
    if (session.has("KrakenApiKey") && key != session.getString("KrakenApiKey")) throw FIX::RejectLogon("Logon failed: unknown API key");
    if (nonce.empty() || password.empty()) throw FIX::RejectLogon("Logon failed: 554 and 5025 are required");
    const FIX::Header& header = message.getHeader();
    const std::string expected =
        krakenSignature(session.getString("KrakenApiSecret"), header.getField(FIX::FIELD::MsgSeqNum),
                        header.getField(FIX::FIELD::SenderCompID), header.getField(FIX::FIELD::TargetCompID), key, nonce);
    if (expected.empty() || password != expected) throw FIX::RejectLogon("Logon failed: invalid credentials");
  }

  void fromApp(const FIX::Message& message, const FIX::SessionID& id)
      throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) override {
    if (message.getHeader().getField(FIX::FIELD::MsgType) != "D") throw FIX::UnsupportedMessageType();
    const std::string clOrdID = message.getField(FIX::FIELD::ClOrdID);
    const std::string quantity = message.getField(FIX::FIELD::OrderQty);
    const std::string price = message.isSetField(FIX::FIELD::Price) ? message.getField(FIX::FIELD::Price) : "0";
    const unsigned long n = ++m_executions;

    FIX::Message report;
    report.getHeader().setField(FIX::FIELD::MsgType, "8");
    report.setField(FIX::FIELD::OrderID, "O-" + std::to_string(n));
    report.setField(FIX::FIELD::ExecID, "E-" + std::to_string(n));
    report.setField(FIX::FIELD::ClOrdID, clOrdID);
    report.setField(FIX::FIELD::ExecType, "F");
    report.setField(FIX::FIELD::OrdStatus, "2");
    report.setField(FIX::FIELD::Symbol, message.getField(FIX::FIELD::Symbol));
    report.setField(FIX::FIELD::Side, message.getField(FIX::FIELD::Side));
    report.setField(FIX::FIELD::OrdType, message.getField(FIX::FIELD::OrdType));
    // Kraken's ExecutionReport requires TimeInForce; an order without one is good-till-cancelled there.
    report.setField(FIX::FIELD::TimeInForce, message.isSetField(FIX::FIELD::TimeInForce) ? message.getField(FIX::FIELD::TimeInForce) : "1");
    report.setField(FIX::FIELD::OrderQty, quantity);
    report.setField(FIX::FIELD::LastQty, quantity);
    report.setField(FIX::FIELD::LastPx, price);
    report.setField(FIX::FIELD::LeavesQty, "0");
    report.setField(FIX::FIELD::CumQty, quantity);
    report.setField(FIX::FIELD::AvgPx, price);
    report.setField(FIX::UtcTimeStampField(FIX::FIELD::TransactTime, FIX::UtcTimeStamp(), 3));
    FIX::Session::sendToTarget(report, id);
    const FIX::Header& header = message.getHeader();
    const bool possDup = header.isSetField(FIX::FIELD::PossDupFlag) && header.getField(FIX::FIELD::PossDupFlag) == "Y";
    say("EXEC " + clOrdID + (possDup ? " possdup" : ""));
  }

 private:
  static std::string field(const FIX::Message& message, int tag) {
    return message.isSetField(tag) ? message.getField(tag) : std::string();
  }

  const FIX::SessionSettings& m_settings;
  std::atomic<unsigned long> m_executions{0};
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " <settings file>" << std::endl;
    return 2;
  }
  std::signal(SIGTERM, onSignal);
  std::signal(SIGINT, onSignal);
  try {
    FIX::SessionSettings settings(argv[1]);
    const FIX::Dictionary& defaults = settings.get();
    const bool tls = defaults.has("ServerCertificateFile");
    Gateway gateway(settings);
    std::unique_ptr<FIX::MessageStoreFactory> store;
    if (defaults.has("FileStorePath")) store.reset(new FIX::FileStoreFactory(settings));
    else store.reset(new FIX::MemoryStoreFactory());
    FIX::FileLogFactory logs(settings);
    std::unique_ptr<FIX::Acceptor> acceptor;
    if (tls) acceptor.reset(new FIX::ThreadedSSLSocketAcceptor(gateway, *store, settings, logs));
    else acceptor.reset(new FIX::SocketAcceptor(gateway, *store, settings, logs));
    acceptor->start();
    say("READY pid=" + std::to_string(getpid()) + " port=" + defaults.getString("SocketAcceptPort") +
        " tls=" + (tls ? "Y" : "N"));
    while (!stopRequested) FIX::process_sleep(0.1);
    acceptor->stop();
    say("STOPPED");
    return 0;
  } catch (std::exception& e) {
    std::cerr << "acceptor: " << e.what() << std::endl;
    return 1;
  }
}
