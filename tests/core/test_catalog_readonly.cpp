// Issue 16 item 7: catalogs on read-only media or in read-only folders open read-only; a catalog
// locked by another program says so; "not an SQLite file" only for files that are not SQLite.
//
// How read-only is tested honestly: the tests run as root, and root ignores file permissions, so
// chmod proves nothing. A read-only bind mount does bind root too: `unshare -m` gives a private
// mount namespace in which the test folder is remounted read-only (kernel-enforced, EROFS), and
// the checks run there (the CLI through `sh -c`, the library in a forked child). Where unshare or
// mount is not permitted, those tests are skipped with the reason.
#include <gtest/gtest.h>

#ifdef __linux__
#include <sched.h>
#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "catalog/catalog.h"
#include "ingest/dataset_import.h"
#include "testutil.h"

using namespace vitrine;

namespace {

// A small catalog: 4 artworks with a 2-d embedding "e" and two users' interactions.
void makeCatalog(const std::string& path) {
  Catalog c = Catalog::create(path);
  c.registerExtractor("e", 2, "t");
  const float v[4][2] = {{1, 0}, {0.9f, 0.1f}, {0, 1}, {0.2f, 0.8f}};
  for (int i = 0; i < 4; ++i) {
    Artwork a;
    a.externalId = "a" + std::to_string(i);
    a.title = "T" + std::to_string(i);
    const int64_t id = c.insertArtwork(a);
    c.putEmbedding(id, "e", v[i], 2);
    Interaction x;
    x.userId = i < 2 ? "u1" : "u2";
    x.artworkId = id;
    x.timestamp = i;
    c.addInteraction(x);
  }
}

bool canUseReadOnlyMounts() { return std::system("unshare -m --propagation private true >/dev/null 2>&1") == 0; }

std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs `script` (sh) with `dir` remounted read-only in a private mount namespace; stdout+stderr.
test::CliRun inReadOnlyMount(const std::string& dir, const std::string& script) {
  const std::string full = "mount --bind " + shellQuote(dir) + " " + shellQuote(dir) + " && mount -o remount,ro,bind " +
                           shellQuote(dir) + " " + shellQuote(dir) + " && " + script;
  const std::string cmd = "unshare -m --propagation private sh -c " + shellQuote(full) + " 2>&1";
  test::CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace

TEST(CatalogFiles, NotSqliteOnlyForFilesThatAreNotSqlite) {
  test::TempDir dir;
  test::writeText(dir.file("text.vitrine"), "this is a text file, long enough to hold a header\n");
  for (bool ro : {false, true}) {
    try {
      Catalog::open(dir.file("text.vitrine"), ro);
      FAIL();
    } catch (const CatalogError& e) {
      EXPECT_NE(std::string(e.what()).find("not an SQLite file"), std::string::npos) << e.what();
    }
  }
  // Another program's SQLite database is SQLite: it is told apart.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir.file("other.db").c_str(), &db), SQLITE_OK);
    sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  try {
    Catalog::open(dir.file("other.db"));
    FAIL();
  } catch (const CatalogError& e) {
    EXPECT_EQ(std::string(e.what()).find("not an SQLite file"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("an SQLite file, but not a Vitrine catalog"), std::string::npos) << e.what();
  }
  try {
    Catalog::open(dir.path());
    FAIL();
  } catch (const CatalogError& e) {
    EXPECT_NE(std::string(e.what()).find("it is a folder"), std::string::npos) << e.what();
  }
}

TEST(CatalogFiles, CliWorksReadOnlyInAReadOnlyFolder) {
  if (!canUseReadOnlyMounts()) GTEST_SKIP() << "unshare -m / read-only bind mounts are not permitted here";
  test::TempDir dir;
  const std::string cat = dir.file("c.vitrine");
  makeCatalog(cat);
  const std::string cli = shellQuote(VITRINE_CLI_PATH);
  const std::string out = "/dev/null";
  const auto r = inReadOnlyMount(
      dir.path(),
      "touch " + shellQuote(dir.file("probe")) + " 2>/dev/null && echo WRITABLE; " + cli + " info --catalog " +
          shellQuote(cat) + " && " + cli + " recommend --catalog " + shellQuote(cat) +
          " --profile a0 --embedding e --k 2 && " + cli + " evaluate --catalog " + shellQuote(cat) +
          " --embedding e --models visrank:maximum --k 1 --quiet && " + cli + " export-embeddings --catalog " +
          shellQuote(cat) + " --name e --npy /tmp/ro-export-$$.npy --ids /tmp/ro-export-$$.txt && " +
          "rm -f /tmp/ro-export-$$.npy /tmp/ro-export-$$.txt && echo ALL-READS-OK; " + cli + " evaluate --catalog " +
          shellQuote(cat) + " --embedding e --models visrank:maximum --k 1 --quiet --store; " + "echo STORE-EXIT=$?");
  (void)out;
  EXPECT_EQ(r.output.find("WRITABLE"), std::string::npos) << "the mount did not become read-only:\n" << r.output;
  EXPECT_NE(r.output.find("artworks     4"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ALL-READS-OK"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("not an SQLite file"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("is read-only"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("STORE-EXIT=1"), std::string::npos) << r.output;
}

// The library in a forked child inside a private read-only mount: open read-only works,
// openWritableOrReadOnly falls back and says so, a writable open is refused in plain words.
TEST(CatalogFiles, LibraryOpensReadOnlyOnReadOnlyMedia) {
  if (!canUseReadOnlyMounts()) GTEST_SKIP() << "unshare -m / read-only bind mounts are not permitted here";
  test::TempDir dir;
  const std::string cat = dir.file("c.vitrine");
  makeCatalog(cat);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int code = 0;
    if (unshare(CLONE_NEWNS) != 0 || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        mount(dir.path().c_str(), dir.path().c_str(), nullptr, MS_BIND, nullptr) != 0 ||
        mount(nullptr, dir.path().c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0)
      _exit(77);
    try {
      Catalog c = Catalog::open(cat, true);
      if (c.artworkCount() != 4 || c.interactionCount() != 4 || !c.isReadOnly()) code = 2;
      Catalog w = Catalog::openWritableOrReadOnly(cat);
      if (!w.isReadOnly() || w.loadEmbeddingMatrix("e").rows() != 4) code = 3;
      try {
        Catalog::open(cat, false);
        code = 4;
      } catch (const CatalogError& e) {
        if (std::string(e.what()).find("is read-only") == std::string::npos) code = 5;
      }
      try {
        Interaction x;
        x.userId = "u9";
        x.artworkId = 1;
        w.addInteraction(x);
        code = 6;
      } catch (const CatalogError& e) {
        if (std::string(e.what()).find("read-only") == std::string::npos) code = 7;
      }
    } catch (const std::exception&) {
      code = 8;
    }
    _exit(code);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "mount in a child namespace not permitted";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "see the codes in the child above";
}

// A second connection holds the write lock: a write waits the busy timeout, then says who and why.
TEST(CatalogFiles, WriteLockHeldByAnotherProgramIsNamed) {
  test::TempDir dir;
  const std::string cat = dir.file("c.vitrine");
  makeCatalog(cat);
  test::writeText(dir.file("x.csv"), "user_id,item_id,timestamp\nu7,a1,10\n");
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(cat.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO settings(key, value) VALUES('x', 'y');", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  {
    Catalog c = Catalog::open(cat);  // WAL: readers and the open itself are not blocked
    EXPECT_EQ(c.artworkCount(), 4);
    try {
      importInteractions(c, dir.file("x.csv"));
      FAIL() << "the write should have been refused";
    } catch (const CatalogError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("is locked by another program (while starting a write)"), std::string::npos) << msg;
      EXPECT_EQ(msg.find("not an SQLite file"), std::string::npos) << msg;
    }
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  // Retried after the other program let go: it works.
  Catalog c = Catalog::open(cat);
  EXPECT_EQ(importInteractions(c, dir.file("x.csv")).stored, 1);
}

// An exclusive lock in rollback-journal mode (as another SQLite program may hold) blocks even
// reading: the open says "locked", not "not an SQLite file".
TEST(CatalogFiles, ExclusiveLockIsNotMistakenForAForeignFile) {
  test::TempDir dir;
  const std::string cat = dir.file("c.vitrine");
  makeCatalog(cat);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(cat.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other,
                         "PRAGMA journal_mode=DELETE; BEGIN EXCLUSIVE; "
                         "INSERT INTO settings(key, value) VALUES('x', 'y');",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  try {
    Catalog::open(cat, true);
    FAIL() << "the open should have been refused";
  } catch (const CatalogError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("is locked by another program (while opening it to read)"), std::string::npos) << msg;
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_EQ(Catalog::open(cat, true).artworkCount(), 4);
}

#else

TEST(CatalogReadOnly, LinuxOnly) { GTEST_SKIP() << "read-only bind mounts in a mount namespace are Linux-only"; }

#endif  // __linux__
