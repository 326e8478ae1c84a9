#include "imaging/metadata.h"

#include <exiv2/exiv2.hpp>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "common/unicode.h"

namespace vitrine {
namespace {

// Exiv2 reports a damaged EXIF, IPTC or XMP block as a warning and goes on without it. The
// warnings of the current thread's read are collected here and become `error` (never stderr).
thread_local std::vector<std::string>* t_exiv2Warnings = nullptr;

void collectExiv2Message(int level, const char* text) {
  if (level < Exiv2::LogMsg::warn || !t_exiv2Warnings || !text) return;
  std::string line(text);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) line.pop_back();
  if (!line.empty() && t_exiv2Warnings->size() < 8) t_exiv2Warnings->push_back(line);
}

void initExiv2Once() {
  static std::once_flag once;
  std::call_once(once, [] {
    Exiv2::LogMsg::setLevel(Exiv2::LogMsg::warn);
    Exiv2::LogMsg::setHandler(collectExiv2Message);
    Exiv2::XmpParser::initialize();  // not thread-safe on first use; do it once here
  });
}

// Collects the Exiv2 warnings of one read on this thread.
struct WarningScope {
  std::vector<std::string> warnings;
  WarningScope() { t_exiv2Warnings = &warnings; }
  ~WarningScope() { t_exiv2Warnings = nullptr; }
  WarningScope(const WarningScope&) = delete;
  WarningScope& operator=(const WarningScope&) = delete;
};

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s.substr(b);
}

// IPTC IIM and EXIF text predates UTF-8: keep valid UTF-8, else read the bytes as Latin-1.
std::string asUtf8(const std::string& s) {
  if (isValidUtf8(s)) return s;
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// Text of an XMP value: the x-default entry of a language alternative, the items of an array
// joined with "; ", or the plain text.
std::string xmpText(const Exiv2::Value& v) {
  if (const auto* alt = dynamic_cast<const Exiv2::LangAltValue*>(&v)) {
    const auto def = alt->value_.find("x-default");
    if (def != alt->value_.end()) return def->second;
    return alt->value_.empty() ? std::string() : alt->value_.begin()->second;
  }
  if (const auto* arr = dynamic_cast<const Exiv2::XmpArrayValue*>(&v)) {
    std::string out;
    for (long i = 0; i < arr->count(); ++i) {
      const std::string item = trim(arr->toString(i));
      if (!item.empty()) out += (out.empty() ? "" : "; ") + item;
    }
    return out;
  }
  return v.toString();
}

// Camera firmware writes these into ImageDescription; they are not titles.
bool isCameraBoilerplate(const std::string& s) {
  std::string u;
  for (unsigned char c : s) u += static_cast<char>(std::toupper(c));
  return u.find("DIGITAL CAMERA") != std::string::npos || u == "SONY DSC" || u == "DCIM" || u == "DEFAULT" ||
         u == "UNTITLED" || u.rfind("CREATOR: GD-JPEG", 0) == 0;
}

struct Field {
  std::string* value;
  std::string* source;
};

void offer(Field f, const std::string& text, const std::string& key) {
  if (!f.value->empty()) return;  // an earlier (higher-precedence) source already filled it
  std::string t = trim(asUtf8(text.substr(0, text.find('\0'))));
  if (t.empty()) return;
  *f.value = std::move(t);
  *f.source = key;
}

void fromXmp(const Exiv2::XmpData& xmp, EmbeddedMetadata& m) {
  const Field title{&m.title, &m.titleSource}, artist{&m.artist, &m.artistSource};
  const Field date{&m.date, &m.dateSource}, rights{&m.rights, &m.rightsSource};
  // IPTC Extension "artwork or object in the image": the first entry describes the painting.
  const std::string ao = "Xmp.iptcExt.ArtworkOrObject[1]/";
  const std::pair<const char*, Field> aoFields[] = {
      {"AOTitle", title}, {"AOCreator", artist}, {"AODateCreated", date}, {"AOCopyrightNotice", rights}};
  for (const auto& [name, field] : aoFields) {
    std::string joined, key;
    for (const auto& d : xmp) {
      const std::string k = d.key();
      if (k.rfind(ao, 0) != 0 || k.find(std::string(":") + name) == std::string::npos) continue;
      const std::string t = trim(xmpText(d.value()));
      if (t.empty()) continue;
      // AOCreator is a sequence: Exiv2 flattens it to AOCreator[1], AOCreator[2], ...
      joined += (joined.empty() ? "" : "; ") + t;
      if (key.empty()) key = k;
    }
    offer(field, joined, key);
  }
  const std::pair<const char*, Field> dcFields[] = {
      {"Xmp.dc.title", title}, {"Xmp.dc.creator", artist}, {"Xmp.dc.date", date}, {"Xmp.dc.rights", rights}};
  for (const auto& [key, field] : dcFields) {
    const auto it = xmp.findKey(Exiv2::XmpKey(key));
    if (it != xmp.end()) offer(field, xmpText(it->value()), key);
  }
}

void fromIptc(const Exiv2::IptcData& iptc, EmbeddedMetadata& m) {
  const std::pair<const char*, Field> fields[] = {{"Iptc.Application2.ObjectName", {&m.title, &m.titleSource}},
                                                  {"Iptc.Application2.Byline", {&m.artist, &m.artistSource}},
                                                  {"Iptc.Application2.DateCreated", {&m.date, &m.dateSource}},
                                                  {"Iptc.Application2.Copyright", {&m.rights, &m.rightsSource}}};
  for (const auto& [key, field] : fields) {
    const auto it = iptc.findKey(Exiv2::IptcKey(key));
    if (it == iptc.end()) continue;
    std::string text = it->toString();
    // DateCreated is a date value (YYYY-MM-DD); a painting's date is its year.
    if (std::string(key) == "Iptc.Application2.DateCreated" && text.size() >= 4) text = text.substr(0, 4);
    offer(field, text, key);
  }
}

void fromExif(const Exiv2::ExifData& exif, EmbeddedMetadata& m) {
  auto it = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
  if (it != exif.end() && it->count() > 0) {
    const long o = it->toLong();
    if (o >= 1 && o <= 8) m.orientation = static_cast<int>(o);
  }
  it = exif.findKey(Exiv2::ExifKey("Exif.Image.ImageDescription"));
  if (it != exif.end() && !isCameraBoilerplate(trim(it->toString())))
    offer({&m.title, &m.titleSource}, it->toString(), "Exif.Image.ImageDescription");
  it = exif.findKey(Exiv2::ExifKey("Exif.Image.Artist"));
  if (it != exif.end()) offer({&m.artist, &m.artistSource}, it->toString(), "Exif.Image.Artist");
  it = exif.findKey(Exiv2::ExifKey("Exif.Image.Copyright"));
  if (it != exif.end()) offer({&m.rights, &m.rightsSource}, it->toString(), "Exif.Image.Copyright");
}

}  // namespace

EmbeddedMetadata readEmbeddedMetadata(const std::vector<unsigned char>& bytes) {
  EmbeddedMetadata m;
  if (bytes.empty()) return m;
  initExiv2Once();
  WarningScope scope;
  try {
    // Formats Exiv2 does not know (BMP, GIF, plain text) carry no metadata it could read.
    if (Exiv2::ImageFactory::getType(reinterpret_cast<const Exiv2::byte*>(bytes.data()),
                                     static_cast<long>(bytes.size())) == Exiv2::ImageType::none)
      return m;
    auto image =
        Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(bytes.data()), static_cast<long>(bytes.size()));
    if (!image.get()) return m;
    image->readMetadata();
    // An XMP packet Exiv2 could not parse leaves xmpData empty; say so even without a warning.
    if (scope.warnings.empty() && image->xmpData().empty() && !image->xmpPacket().empty()) {
      Exiv2::XmpData check;
      if (Exiv2::XmpParser::decode(check, image->xmpPacket()) != 0)
        scope.warnings.push_back("the XMP packet is not valid XMP");
    }
    fromXmp(image->xmpData(), m);
    fromIptc(image->iptcData(), m);
    fromExif(image->exifData(), m);
    if (!scope.warnings.empty()) {
      m.error = "damaged metadata ignored: " + scope.warnings.front();
      if (scope.warnings.size() > 1) m.error += " (and " + std::to_string(scope.warnings.size() - 1) + " more)";
    }
  } catch (const Exiv2::AnyError& e) {
    // Unknown formats (BMP, GIF headers Exiv2 cannot place) land here too: no metadata, no error.
    const std::string what = e.what();
    if (e.code() != Exiv2::kerFileContainsUnknownImageType && e.code() != Exiv2::kerMemoryContainsUnknownImageType)
      m.error = "embedded metadata could not be read: " + what;
  } catch (const std::exception& e) {
    m.error = std::string("embedded metadata could not be read: ") + e.what();
  }
  return m;
}

}  // namespace vitrine
