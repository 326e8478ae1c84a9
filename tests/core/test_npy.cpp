#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "common/error.h"
#include "ingest/npy.h"
#include "testutil.h"

using vitrine::NpyMatrix;
using vitrine::readLines;
using vitrine::readNpy;
using vitrine::writeNpy;
using vitrine::test::readText;
using vitrine::test::TempDir;
using vitrine::test::writeText;

namespace {

// Builds an .npy file image by hand: magic, version, header length, padded dict, data.
std::string npyBytes(const std::string& dict, const std::string& data, int major = 1) {
  const size_t lenBytes = major == 1 ? 2 : 4;
  std::string header = dict;
  while ((8 + lenBytes + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < lenBytes; ++i) out += static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  return out + header + data;
}

template <typename T>
std::string rawBytes(const std::vector<T>& values) {
  std::string s(values.size() * sizeof(T), '\0');
  std::memcpy(s.data(), values.data(), s.size());  // the test machine is little-endian
  return s;
}

std::string dictFor(const std::string& descr, const std::string& shape, bool fortran = false) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
}

// Expects readNpy(path) to throw a vitrine::Error whose message names the file and holds `part`.
void expectNpyError(const std::string& path, const std::string& part) {
  try {
    readNpy(path);
    ADD_FAILURE() << "expected vitrine::Error containing '" << part << "'";
  } catch (const vitrine::Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    EXPECT_NE(msg.find(part), std::string::npos) << msg;
  }
}

}  // namespace

TEST(Npy, WriteReadRoundTrip) {
  TempDir dir;
  NpyMatrix m;
  m.rows = 3;
  m.cols = 4;
  for (int i = 0; i < 12; ++i) m.values.push_back(static_cast<float>(i) * 0.5f - 2.25f);
  m.values[5] = 1e-30f;
  const std::string path = dir.file("m.npy");
  writeNpy(path, m);

  const std::string bytes = readText(path);
  ASSERT_GE(bytes.size(), 10u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  const size_t headerLen = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  EXPECT_EQ((10 + headerLen) % 64, 0u);  // data aligned as NumPy does
  EXPECT_EQ(bytes[10 + headerLen - 1], '\n');
  EXPECT_EQ(bytes.size(), 10 + headerLen + 12 * sizeof(float));
  EXPECT_NE(bytes.find("'descr': '<f4'"), std::string::npos);
  EXPECT_NE(bytes.find("'shape': (3, 4)"), std::string::npos);

  const NpyMatrix back = readNpy(path);
  EXPECT_EQ(back.rows, 3);
  EXPECT_EQ(back.cols, 4);
  EXPECT_EQ(back.values, m.values);
}

TEST(Npy, WriterHeaderMatchesNumpyBytes) {
  // The oracle file was written by NumPy; our writer must produce the identical header.
  const std::string oracle = readText(vitrine::test::dataDir() + "/curatornet-oracle/features.npy");
  const NpyMatrix m = readNpy(vitrine::test::dataDir() + "/curatornet-oracle/features.npy");
  TempDir dir;
  writeNpy(dir.file("copy.npy"), m);
  EXPECT_EQ(readText(dir.file("copy.npy")), oracle);
}

TEST(Npy, EmptyMatrixRoundTrip) {
  TempDir dir;
  NpyMatrix m;
  m.rows = 0;
  m.cols = 7;
  writeNpy(dir.file("e.npy"), m);
  const NpyMatrix back = readNpy(dir.file("e.npy"));
  EXPECT_EQ(back.rows, 0);
  EXPECT_EQ(back.cols, 7);
  EXPECT_TRUE(back.values.empty());
}

TEST(Npy, WriteRejectsInconsistentShape) {
  TempDir dir;
  NpyMatrix m;
  m.rows = 2;
  m.cols = 2;
  m.values = {1.0f, 2.0f, 3.0f};
  EXPECT_THROW(writeNpy(dir.file("bad.npy"), m), vitrine::Error);
}

TEST(Npy, ReadsOracleFeatures) {
  const std::string path = vitrine::test::dataDir() + "/curatornet-oracle/features.npy";
  const NpyMatrix m = readNpy(path);
  EXPECT_EQ(m.rows, 600);
  EXPECT_EQ(m.cols, 64);
  ASSERT_EQ(m.values.size(), 600u * 64u);

  const std::string bytes = readText(path);
  const size_t headerLen = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
  const size_t offset = 10 + headerLen;
  ASSERT_EQ(bytes.size(), offset + 600u * 64u * 4u);
  float first = 0.0f;
  float last = 0.0f;
  std::memcpy(&first, bytes.data() + offset, 4);
  std::memcpy(&last, bytes.data() + bytes.size() - 4, 4);
  EXPECT_EQ(m.values.front(), first);
  EXPECT_EQ(m.values.back(), last);
  EXPECT_NEAR(first, 0.97206694f, 1e-7f);
  for (float v : m.values) EXPECT_GE(v, 0.0f);  // README: non-negative features
}

TEST(Npy, ConvertsF8AndIntegerTypes) {
  TempDir dir;
  const std::vector<double> f8 = {0.1, -2.5, 1e10, 3.0, 4.0, 5.0};
  writeText(dir.file("f8.npy"), npyBytes(dictFor("<f8", "(2, 3)"), rawBytes(f8)));
  const NpyMatrix a = readNpy(dir.file("f8.npy"));
  EXPECT_EQ(a.rows, 2);
  EXPECT_EQ(a.cols, 3);
  ASSERT_EQ(a.values.size(), 6u);
  for (size_t i = 0; i < 6; ++i) EXPECT_EQ(a.values[i], static_cast<float>(f8[i]));

  const std::vector<int32_t> i4 = {-7, 0, 123456};
  writeText(dir.file("i4.npy"), npyBytes(dictFor("<i4", "(3, 1)"), rawBytes(i4)));
  EXPECT_EQ(readNpy(dir.file("i4.npy")).values, (std::vector<float>{-7.0f, 0.0f, 123456.0f}));

  const std::vector<int64_t> i8 = {-1, 1LL << 40};
  writeText(dir.file("i8.npy"), npyBytes(dictFor("<i8", "(1, 2)"), rawBytes(i8)));
  EXPECT_EQ(readNpy(dir.file("i8.npy")).values, (std::vector<float>{-1.0f, static_cast<float>(1LL << 40)}));

  const std::vector<uint8_t> u1 = {0, 128, 255, 1};
  for (const std::string descr : {"|u1", "<u1"}) {
    writeText(dir.file("u1.npy"), npyBytes(dictFor(descr, "(2, 2)"), rawBytes(u1)));
    EXPECT_EQ(readNpy(dir.file("u1.npy")).values, (std::vector<float>{0.0f, 128.0f, 255.0f, 1.0f})) << descr;
  }

  const std::vector<int8_t> i1 = {-128, 127};
  writeText(dir.file("i1.npy"), npyBytes(dictFor("|i1", "(2, 1)"), rawBytes(i1)));
  EXPECT_EQ(readNpy(dir.file("i1.npy")).values, (std::vector<float>{-128.0f, 127.0f}));
}

TEST(Npy, ReadsVersion2And3AndVariantHeaders) {
  TempDir dir;
  const std::vector<float> v = {1.0f, 2.0f, 3.0f, 4.0f};
  for (int major : {2, 3}) {
    const std::string path = dir.file("v" + std::to_string(major) + ".npy");
    writeText(path, npyBytes(dictFor("<f4", "(2, 2)"), rawBytes(v), major));
    const NpyMatrix m = readNpy(path);
    EXPECT_EQ(m.rows, 2);
    EXPECT_EQ(m.values, v);
  }
  // Key order, double quotes, no trailing comma, Python 2 long suffixes: all valid headers.
  writeText(dir.file("variant.npy"),
            npyBytes("{\"shape\": (2L,2L), \"fortran_order\": False, \"descr\": \"<f4\"}", rawBytes(v)));
  const NpyMatrix m = readNpy(dir.file("variant.npy"));
  EXPECT_EQ(m.rows, 2);
  EXPECT_EQ(m.cols, 2);
  EXPECT_EQ(m.values, v);
}

TEST(Npy, RejectsBadMagic) {
  TempDir dir;
  writeText(dir.file("text.npy"), "id,value\n1,2\n");
  expectNpyError(dir.file("text.npy"), "not an .npy file");
  writeText(dir.file("short.npy"), "\x93NUM");
  expectNpyError(dir.file("short.npy"), "not an .npy file");
}

TEST(Npy, RejectsObjectArrays) {
  TempDir dir;
  writeText(dir.file("obj.npy"), npyBytes(dictFor("|O", "(2, 2)"), "\x80\x02pickle"));
  expectNpyError(dir.file("obj.npy"), "object/pickled arrays are not supported; save a numeric float32 array");
}

TEST(Npy, RejectsFortranOrder) {
  TempDir dir;
  writeText(dir.file("f.npy"), npyBytes(dictFor("<f4", "(2, 2)", true), rawBytes(std::vector<float>(4, 1.0f))));
  expectNpyError(dir.file("f.npy"), "Fortran");
}

TEST(Npy, RejectsOneDimensionalArrays) {
  TempDir dir;
  writeText(dir.file("vec.npy"), npyBytes(dictFor("<f4", "(600,)"), rawBytes(std::vector<float>(600, 1.0f))));
  expectNpyError(dir.file("vec.npy"), "expected a 2-D array");
  expectNpyError(dir.file("vec.npy"), "(600,)");
}

TEST(Npy, RejectsOtherRanks) {
  TempDir dir;
  writeText(dir.file("cube.npy"), npyBytes(dictFor("<f4", "(2, 3, 4)"), rawBytes(std::vector<float>(24, 1.0f))));
  expectNpyError(dir.file("cube.npy"), "shape (2, 3, 4)");
  writeText(dir.file("scalar.npy"), npyBytes(dictFor("<f4", "()"), rawBytes(std::vector<float>(1))));
  expectNpyError(dir.file("scalar.npy"), "shape ()");
}

TEST(Npy, RejectsBigEndian) {
  TempDir dir;
  writeText(dir.file("be.npy"), npyBytes(dictFor(">f4", "(1, 2)"), rawBytes(std::vector<float>(2, 1.0f))));
  expectNpyError(dir.file("be.npy"), "big-endian");
}

TEST(Npy, RejectsTruncatedData) {
  TempDir dir;
  // Shape says 10 x 4 float32 = 160 bytes; only 100 are present.
  writeText(dir.file("cut.npy"), npyBytes(dictFor("<f4", "(10, 4)"), std::string(100, '\0')));
  expectNpyError(dir.file("cut.npy"), "truncated");
  expectNpyError(dir.file("cut.npy"), "160 bytes");
  expectNpyError(dir.file("cut.npy"), "100 bytes");

  // A file cut inside its header.
  const std::string whole = npyBytes(dictFor("<f4", "(1, 1)"), rawBytes(std::vector<float>(1)));
  writeText(dir.file("cuthead.npy"), whole.substr(0, 30));
  expectNpyError(dir.file("cuthead.npy"), "truncated");
}

TEST(Npy, RejectsUnsupportedOrMalformedHeaders) {
  TempDir dir;
  writeText(dir.file("str.npy"), npyBytes(dictFor("<U5", "(1, 1)"), std::string(20, 'a')));
  expectNpyError(dir.file("str.npy"), "unsupported dtype '<U5'");
  writeText(dir.file("rec.npy"),
            npyBytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1, 1), }", std::string(4, '\0')));
  expectNpyError(dir.file("rec.npy"), "structured");
  writeText(dir.file("noshape.npy"), npyBytes("{'descr': '<f4', 'fortran_order': False, }", std::string(4, '\0')));
  expectNpyError(dir.file("noshape.npy"), "lacks 'shape'");
  writeText(dir.file("garbage.npy"), npyBytes("{'descr': '<f4', 'shape': (1, 1", ""));
  expectNpyError(dir.file("garbage.npy"), "malformed .npy header");
  std::string v9 = npyBytes(dictFor("<f4", "(1, 1)"), std::string(4, '\0'));
  v9[6] = 9;
  writeText(dir.file("v9.npy"), v9);
  expectNpyError(dir.file("v9.npy"), "version 9.0");
}

TEST(Npy, MissingFileThrowsNamingIt) {
  TempDir dir;
  expectNpyError(dir.file("absent.npy"), "cannot open");
}

TEST(Npy, ReadLinesTrimsAndSkipsEmpty) {
  TempDir dir;
  writeText(dir.file("ids.txt"),
            "\xEF\xBB\xBF"
            "a1\r\n  b2 \r\n\r\n\t\nc3\n\nd4");
  EXPECT_EQ(readLines(dir.file("ids.txt")), (std::vector<std::string>{"a1", "b2", "c3", "d4"}));
  writeText(dir.file("empty.txt"), "");
  EXPECT_TRUE(readLines(dir.file("empty.txt")).empty());
  EXPECT_THROW(readLines(dir.file("absent.txt")), vitrine::Error);

  const auto ids = readLines(vitrine::test::dataDir() + "/curatornet-oracle/item_ids.txt");
  EXPECT_EQ(ids.size(), 600u);
}
