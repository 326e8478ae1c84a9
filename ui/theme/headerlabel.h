#pragma once
#include <QFont>
#include <QLabel>

#include "theme/theme.h"

namespace vitrine {

// A panel's title: the body font, a little larger and demi-bold.
inline QLabel* headerLabel(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  QFont f = l->font();
  if (f.pointSizeF() > 0) f.setPointSizeF(f.pointSizeF() + 1.5);
  f.setWeight(QFont::DemiBold);
  l->setFont(f);
  return l;
}

// A field label or hint in theme::textDim().
inline QLabel* dimLabel(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  l->setStyleSheet(theme::css(theme::textDim()));
  return l;
}

}  // namespace vitrine
