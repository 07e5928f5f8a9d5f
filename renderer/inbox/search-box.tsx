/** The search field; "/" focuses it, Escape clears it and returns to the list. */
import type { Ref } from 'react';
import { useI18n } from '../shared/i18n-context.tsx';
import { CloseIcon, SearchIcon } from '../shared/icons.tsx';

interface SearchProps {
  value: string;
  inputRef: Ref<HTMLInputElement>;
  onChange(value: string): void;
}

export function SearchBox({ value, inputRef, onChange }: SearchProps) {
  const { t } = useI18n();
  return (
    <div className="search" role="search">
      <SearchIcon />
      <input
        ref={inputRef}
        type="search"
        className="search-input"
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
        value={value}
        dir="auto"
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange(event.target.value)}
      />
      {value !== '' ? (
        <button
          type="button"
          className="icon-button search-clear"
          aria-label={t('search.clear')}
          title={t('search.clear')}
          onClick={() => onChange('')}
        >
          <CloseIcon />
        </button>
      ) : null}
    </div>
  );
}
