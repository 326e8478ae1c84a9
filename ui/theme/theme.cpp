#include "theme/theme.h"

#include <QProxyStyle>
#include <QStyleFactory>

namespace vitrine::theme {

namespace {
// Twelve well-separated hues (a Tableau-like set) kept clear of the meanings above: no gold
// (both models), coral (profile), magenta (CuratorNet) or cyan (VisRank).
const QColor kCategories[] = {QColor(0x4e, 0x9a, 0xf0), QColor(0xf2, 0x8e, 0x2b), QColor(0x59, 0xc2, 0x6b),
                              QColor(0xd9, 0x4a, 0x4c), QColor(0xb0, 0x7a, 0xe8), QColor(0x4f, 0xb8, 0x9a),
                              QColor(0xc9, 0xb9, 0x8a), QColor(0xff, 0xb3, 0xba), QColor(0x9c, 0x75, 0x5f),
                              QColor(0x8c, 0xd1, 0x7d), QColor(0x79, 0x70, 0xff), QColor(0x8a, 0x9b, 0xb0)};
constexpr int kCategoryCount = int(sizeof kCategories / sizeof kCategories[0]);
}  // namespace

int categoryCount() { return kCategoryCount; }

QColor category(int index) {
  if (index < 0) return QColor(0x80, 0x80, 0x88);
  return kCategories[index % kCategoryCount];
}

QPalette palette() {
  QPalette p;
  p.setColor(QPalette::Window, window());
  p.setColor(QPalette::WindowText, text());
  p.setColor(QPalette::Base, ground());
  p.setColor(QPalette::AlternateBase, alternate());
  p.setColor(QPalette::ToolTipBase, tooltip());
  p.setColor(QPalette::ToolTipText, text());
  p.setColor(QPalette::PlaceholderText, textPlaceholder());
  p.setColor(QPalette::Text, text());
  p.setColor(QPalette::Button, raised());
  p.setColor(QPalette::ButtonText, text());
  p.setColor(QPalette::BrightText, textSelected());
  p.setColor(QPalette::Light, raised().lighter(130));
  p.setColor(QPalette::Midlight, hover());
  p.setColor(QPalette::Mid, raised().darker(115));
  p.setColor(QPalette::Dark, well());
  p.setColor(QPalette::Shadow, QColor(Qt::black));
  p.setColor(QPalette::Highlight, selection());
  p.setColor(QPalette::HighlightedText, textSelected());
  p.setColor(QPalette::Link, link());
  p.setColor(QPalette::LinkVisited, linkVisited());
  for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
    p.setColor(QPalette::Disabled, role, textPlaceholder());
  p.setColor(QPalette::Disabled, QPalette::Button, raisedDisabled());
  return p;
}

namespace {
class VitrineStyle : public QProxyStyle {
 public:
  VitrineStyle() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {}
  int styleHint(StyleHint hint, const QStyleOption* option, const QWidget* widget,
                QStyleHintReturn* returnData) const override {
    if (hint == SH_DialogButtonBox_ButtonsHaveIcons) return 0;
    return QProxyStyle::styleHint(hint, option, widget, returnData);
  }
};
}  // namespace

QStyle* makeStyle() { return new VitrineStyle; }

}  // namespace vitrine::theme
